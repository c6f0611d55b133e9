"""The French demo of `make demo`: a lived-in organization built with the real actions."""
