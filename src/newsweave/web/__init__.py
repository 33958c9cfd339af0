"""The web UI and the JSON API, on the same store and query functions as the CLI.

``create_app(settings)`` builds the FastAPI application; ``newsweave serve`` runs it with uvicorn.
HTML is rendered server-side from Jinja2 templates with autoescaping and no JavaScript; a strict
Content-Security-Policy makes sure that attacker-controlled article text stays inert.
"""
