"""Needs analysis: problems from the evidence, and the programme that answers them."""

from psm_qual.needs.problems import Problem, problem_analysis, problems_frame
from psm_qual.needs.programme import (
    Activity,
    Indicator,
    Need,
    Objective,
    Programme,
    check_logic_model,
    logic_model,
)

__all__ = [
    "Problem",
    "problem_analysis",
    "problems_frame",
    "Activity",
    "Indicator",
    "Need",
    "Objective",
    "Programme",
    "check_logic_model",
    "logic_model",
]
