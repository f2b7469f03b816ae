"""InfraDesk: an offline planner for IT infrastructure projects."""

__version__ = "0.1.0"
APP_NAME = "InfraDesk"
APP_ID = "infradesk"
