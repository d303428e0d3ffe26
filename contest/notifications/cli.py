"""(being built)"""

import click

notify_cli = click.Group("notify", help="Outgoing messages.")
