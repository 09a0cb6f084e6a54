from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


def greeting(request):
    name = request.GET.get("name", "")
    # ruleid: django-mark-safe-non-literal
    return mark_safe("<b>Hello %s</b>" % name)


def render_bio(user):
    # ruleid: django-mark-safe-non-literal
    return mark_safe(user.profile.bio)


def render_link(url, label):
    # ruleid: django-mark-safe-non-literal
    return mark_safe(f'<a href="{url}">{label}</a>')


def divider():
    # ok: django-mark-safe-non-literal
    return mark_safe("<hr class='divider'>")


def greeting_safe(request):
    name = request.GET.get("name", "")
    # ok: django-mark-safe-non-literal
    return format_html("<b>Hello {}</b>", name)


def greeting_escaped(name):
    # ok: django-mark-safe-non-literal
    return mark_safe(escape(name))
