"""``edocstd show``: placeholder, replaced below."""
