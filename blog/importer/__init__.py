"""Importing the old Squarespace blog: read the export, convert posts, keep old links working.

``wxr`` reads the export file safely, ``html_to_blocks`` turns a post's HTML
into StreamField blocks, and ``importer`` creates or updates the posts, their
images and the redirects from their old addresses.
"""
