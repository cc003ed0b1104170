"""Response headers that keep the page to itself: nothing loaded from elsewhere, nothing framed, nothing cached.

Styles: the web pages link report.css, compare.css and web.css as files (the report templates' inline
<style> is replaced by links in web/results.html.j2 and web/compare_results.html.j2, and no template uses
style="" attributes), so style-src needs no 'unsafe-inline'. Scripts: one small file served by the app, no
inline script, so no nonce is needed either.
Downloads are data: URLs in <a download> links; CSP does not govern those, and they fetch nothing.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    # A review is a child's private data: the browser must not write it to its disk cache.
    "Cache-Control": "no-store",
}


class SecurityHeadersMiddleware:
    """Plain ASGI middleware (not BaseHTTPMiddleware), so it adds the headers without buffering the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
