"""The app's screens: picker, new session, workshop, presentation, dialogs."""
