"""Reading and writing files: the only package of psm_qual that touches the file system."""
