"""`planreview serve`: a small web page on this computer where a parent drops in a plan and reads its review.

Kept light on purpose: `planreview review` imports this package for the command line's options, and the web
framework is loaded only when the web page is started.
"""

from __future__ import annotations

import argparse


def main(args: argparse.Namespace) -> int:
    from .server import main as run_server

    return run_server(args)
