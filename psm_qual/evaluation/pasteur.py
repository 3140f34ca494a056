"""Study parameters of the Pasteur evaluation, shared by the notebook, the report and tests."""

from __future__ import annotations

from types import MappingProxyType

__all__ = ["PASTEUR_WHATSAPP_MEMBERS", "PASTEUR_PSM_COUNT"]

#: The six PSM of Kelurahan Pasteur (kecamatan roster) by their WhatsApp display names.
PASTEUR_WHATSAPP_MEMBERS = MappingProxyType(
    {
        "Euis PSM RW 05": "PSM1",
        "Dedi Supriatna": "PSM2",
        "Lilis PSM": "PSM3",
        "Ujang Rohman": "PSM4",
        "Tati Hartati": "PSM5",
        "Yayan": "PSM6",
    }
)

#: PSM in Kelurahan Pasteur according to the kecamatan roster (D-ROSTER-PSM).
PASTEUR_PSM_COUNT = 6
