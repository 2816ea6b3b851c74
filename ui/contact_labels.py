"""How a contact detail reads on the person page: 'iPhone', 'work email', 'assistant'
instead of the raw vCard/Apple types, and a link wherever one can be made."""

from __future__ import annotations

import re

from app.domain import ContactKind, ContactPoint

# vCard TYPE values and Apple's phone types, as a person would say them
KNOWN_TYPES = {
    "home": "home", "work": "work", "other": "other", "main": "main", "cell": "mobile",
    "mobile": "mobile", "iphone": "iPhone", "fax": "fax", "homefax": "home fax",
    "workfax": "work fax", "pager": "pager", "assistant": "assistant",
    "assistantphone": "assistant", "car": "car", "video": "video", "text": "text",
    "textphone": "text phone", "voice": "", "pref": "", "internet": "", "x400": "",
    "msg": "", "isdn": "ISDN", "bbs": "", "modem": "", "personal": "personal",
    "school": "school", "homepage": "homepage", "blog": "blog", "profile": "profile",
}
NOISE_NEXT_TO = {"iPhone": {"mobile"}}  # an iPhone is a mobile: "iPhone", not "iPhone mobile"
KIND_WORDS = {ContactKind.EMAIL: "email", ContactKind.PHONE: "phone"}
# where (place) words need the kind said too: "home" alone could be a phone or an address
PLACES = {"home", "work", "other", "main", "personal", "school"}
SOCIAL_PROFILES = {
    "twitter": "https://x.com/{}", "x": "https://x.com/{}",
    "instagram": "https://www.instagram.com/{}", "github": "https://github.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}", "facebook": "https://www.facebook.com/{}",
}
SERVICES = {"twitter": "Twitter", "x": "X", "instagram": "Instagram", "github": "GitHub",
            "linkedin": "LinkedIn", "facebook": "Facebook", "skype": "Skype",
            "mastodon": "Mastodon", "jabber": "Jabber", "xmpp": "XMPP", "aim": "AIM",
            "icq": "ICQ", "qq": "QQ", "msn": "MSN", "yahoo": "Yahoo", "telegram": "Telegram",
            "whatsapp": "WhatsApp", "signal": "Signal"}
_HANDLE = re.compile(r"^@?([A-Za-z0-9_.-]+)$")


def readable_label(point: ContactPoint) -> str:
    """The label in words when it is made of known types, else as it was given."""
    label = point.label.strip()
    if not label:
        return KIND_WORDS.get(point.kind, point.kind.value)
    if point.kind in (ContactKind.SOCIAL, ContactKind.IM) and label.casefold() in SERVICES:
        return SERVICES[label.casefold()]
    words = [w for w in re.split(r"[\s,;]+", label.casefold()) if w]
    if not all(w in KNOWN_TYPES for w in words):
        return label
    readable = [KNOWN_TYPES[w] for w in words if KNOWN_TYPES[w]]
    for word in list(readable):
        readable = [w for w in readable if w not in NOISE_NEXT_TO.get(word, ())]
    readable = list(dict.fromkeys(readable))  # "cell mobile": once
    if not readable:
        return KIND_WORDS.get(point.kind, point.kind.value)
    if point.kind in KIND_WORDS and set(readable) <= PLACES:
        readable.append(KIND_WORDS[point.kind])
    return " ".join(readable)


def contact_href(point: ContactPoint) -> str | None:
    """A link for the detail (mail, call, web page, profile, Skype), or None."""
    value = point.value.strip()
    if point.kind == ContactKind.EMAIL:
        return f"mailto:{value}"
    if point.kind == ContactKind.PHONE:
        return f"tel:{point.normalized}"
    if re.match(r"^https?://", value, re.IGNORECASE):
        return value
    if point.kind == ContactKind.URL:
        return f"https://{value}"
    service = point.label.strip().casefold()
    if point.kind == ContactKind.IM and (service == "skype" or value.startswith("skype:")):
        return value if value.startswith("skype:") else f"skype:{value}"
    if point.kind == ContactKind.SOCIAL and service in SOCIAL_PROFILES:
        handle = _HANDLE.match(value.removeprefix("x-apple:"))
        if handle:
            return SOCIAL_PROFILES[service].format(handle.group(1))
    return None
