"""The one HTTP app of `meetup-bot serve`: one router, one limits middleware, under waitress.

app.py        WebApp: the router, the starting answer until start-up mounts its routes, 500s
router.py     Route and Router: path -> route, 404 and 405 (with Allow) the same for every route
limits.py     the limits middleware in front of every route: size 413, signature 401, 415, 400
http.py       what routes share: WSGI types, the header parser, status phrases, JSON refusals
ops.py        /healthz, /readyz, /metrics, and `serve_app` (what the port opens with)
starting.py   what a request gets while serve is starting (503, Retry-After)
server.py     waitress serving the app

The routes themselves live with what they serve: bot/slack/routes.py (Slack, through Bolt's
WSGI adapter), bot/publish/webhook.py (GitHub), bot/preview/routes.py (the preview pages).
"""
