"""Exact answers over PFMEA rows and work orders: typed tables, question planner, answers."""
