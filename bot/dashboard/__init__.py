"""The web dashboard for commune officers, the province and Digital Ambassadors (issue 16).

auth: one-time links and sessions; site: the aiohttp routes; pages, broadcasting, exports:
what each page does; queries, content_queries, people: what they read; charts: SVG drawings;
feature: the chat side that issues the link (/dashboard). docs/dashboard.md explains it.
"""
