"""Block Kit blocks to a view model of safe HTML pieces, one `BlockView` per block.

Only what the templates need is kept. Text goes through `mrkdwn_to_html` / `plain_to_html`,
so every string here is either escaped or built from escaped parts; URLs are http(s) or dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from bot.preview.mrkdwn import http_url, link_html, mention_html, mrkdwn_to_html, plain_to_html

Json = dict[str, Any]
EMPTY = Markup("")


@dataclass(frozen=True)
class ButtonView:
    label: Markup
    url: str | None
    """The http(s) target; None shows a button that goes nowhere (as a non-http URL would)."""
    style: str = ""


@dataclass(frozen=True)
class ImageView:
    url: str
    alt: str


@dataclass(frozen=True)
class RichPart:
    """One element of a rich_text block: section, list, quote or preformatted."""

    kind: str
    html: Markup = EMPTY
    items: tuple[Markup, ...] = ()
    style: str = "bullet"
    indent: int = 0
    start: int = 1


@dataclass(frozen=True)
class BlockView:
    kind: str
    """header, section, context, actions, rich_text, divider, image, markdown or unknown."""
    html: Markup = EMPTY
    fields: tuple[Markup, ...] = ()
    items: tuple[Markup | ImageView, ...] = ()
    buttons: tuple[ButtonView, ...] = ()
    image: ImageView | None = None
    parts: tuple[RichPart, ...] = ()
    block_type: str = ""


def text_html(obj: Json | None) -> Markup:
    """A text object (`plain_text` or `mrkdwn`) as HTML."""
    if not obj:
        return Markup("")
    text = str(obj.get("text", ""))
    return mrkdwn_to_html(text) if obj.get("type") == "mrkdwn" else plain_to_html(text)


def _button(element: Json) -> ButtonView:
    return ButtonView(
        label=plain_to_html(str((element.get("text") or {}).get("text", ""))),
        url=http_url(element.get("url")),
        style=str(element["style"]) if element.get("style") in ("primary", "danger") else "",
    )


def _image(element: Json) -> ImageView | None:
    url = http_url(element.get("image_url"))
    return ImageView(url, str(element.get("alt_text", ""))) if url else None


def _rich_inline(elements: list[Json]) -> Markup:
    """The inline elements of a rich_text section: text with styles, links, emoji, mentions."""
    out: list[Markup] = []
    for element in elements:
        kind = element.get("type")
        if kind == "text":
            html = plain_to_html(str(element.get("text", "")))
        elif kind == "link":
            html = link_html(element.get("url"), str(element.get("text") or element.get("url")))
        elif kind == "emoji":
            html = escape(f":{element.get('name', '')}:")
        elif kind == "broadcast":
            html = mention_html("@" + str(element.get("range", "")))
        elif kind in ("user", "usergroup", "channel"):
            ident = next(
                (element[k] for k in ("user_id", "usergroup_id", "channel_id") if k in element), ""
            )
            html = mention_html(("#" if kind == "channel" else "@") + str(ident))
        else:
            html = escape(str(element.get("text", "")))
        out.append(_styled(html, element.get("style") or {}))
    return Markup("").join(out)


def _styled(html: Markup, style: Json) -> Markup:
    for key, tag in (("code", "code"), ("strike", "s"), ("italic", "i"), ("bold", "b")):
        if style.get(key):
            html = Markup(f"<{tag}>") + html + Markup(f"</{tag}>")
    return html


def _rich_part(element: Json) -> RichPart:
    kind = str(element.get("type", ""))
    inner = element.get("elements") or []
    if kind == "rich_text_list":
        return RichPart(
            kind="list",
            items=tuple(_rich_inline(item.get("elements") or []) for item in inner),
            style="ordered" if element.get("style") == "ordered" else "bullet",
            indent=max(0, min(int(element.get("indent") or 0), 8)),
            start=int(element.get("offset") or 0) + 1,
        )
    short = {"rich_text_quote": "quote", "rich_text_preformatted": "pre"}.get(kind, "section")
    return RichPart(kind=short, html=_rich_inline(inner))


def _section(block: Json) -> BlockView:
    accessory = block.get("accessory") or {}
    kind = accessory.get("type")
    return BlockView(
        "section",
        html=text_html(block.get("text")),
        fields=tuple(text_html(f) for f in block.get("fields") or []),
        buttons=(_button(accessory),) if kind == "button" else (),
        image=_image(accessory) if kind == "image" else None,
    )


def _context(block: Json) -> BlockView:
    items: list[Markup | ImageView] = []
    for element in block.get("elements") or []:
        picture = _image(element) if element.get("type") == "image" else None
        items.append(picture if picture else text_html(element))
    return BlockView("context", items=tuple(items))


_VIEWS: dict[str, Callable[[Json], BlockView]] = {
    "header": lambda b: BlockView("header", html=text_html(b.get("text"))),
    "section": _section,
    "context": _context,
    "actions": lambda b: BlockView(
        "actions",
        buttons=tuple(_button(e) for e in b.get("elements") or [] if e.get("type") == "button"),
    ),
    "rich_text": lambda b: BlockView(
        "rich_text", parts=tuple(_rich_part(e) for e in b.get("elements") or [])
    ),
    "markdown": lambda b: BlockView("markdown", html=plain_to_html(str(b.get("text", "")))),
    "image": lambda b: BlockView("image", image=_image(b)),
    "divider": lambda b: BlockView("divider"),
}


def block_view(block: Json) -> BlockView:
    """One Block Kit block as the templates draw it; unknown types are named, not dropped."""
    kind = str(block.get("type", ""))
    view = _VIEWS.get(kind)
    return view(block) if view else BlockView("unknown", block_type=kind)
