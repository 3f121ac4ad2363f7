"""The tests' Varnish: deploy/varnishd.py, which starts the shipped VCL (deploy/ never imports tests/)."""

from deploy.varnishd import Varnish, free_port, varnish_available, wait_for_port

__all__ = ["Varnish", "free_port", "varnish_available", "wait_for_port"]
