"""The web app: REST API, annotator and manager pages, auth (create_app in app.py)."""
