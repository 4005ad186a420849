"""PFMEA assistant: draft rows from plant evidence, review workbooks, export AIAG-VDA xlsx."""

from copilot.pfmea.assistant import PfmeaAssistant

__all__ = ["PfmeaAssistant"]
