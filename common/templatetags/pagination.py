"""{{ page_obj|page_window }}: the page numbers templates/components/pagination.html may show
(the first two, the current page and two either side, the last two), in order. The component
decides among them as before; looping over these rather than every page keeps a list of 400
pages from evaluating its conditions 400 times per request."""

from django import template

register = template.Library()


@register.filter
def page_window(page_obj) -> list[int]:
    current, last = page_obj.number, page_obj.paginator.num_pages
    candidates = {1, 2, last - 1, last, *range(current - 2, current + 3)}
    return sorted(number for number in candidates if 1 <= number <= last)
