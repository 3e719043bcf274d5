"""The app's widgets: the stage form, the sidebar, the readiness and help panels, the timer."""
