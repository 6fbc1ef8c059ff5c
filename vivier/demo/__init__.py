"""The demo agency behind `vivier demo`: the top layer of the project.

It builds its eighteen months of history through the other apps' services (talent, outreach, privacy, surveys,
matching, pools), so it may import every one of them and none of them imports it. The loading itself is in
`services.load`; this package imports nothing, as Django imports it before the models are ready.
"""
