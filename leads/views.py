from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def strategy_call(request: HttpRequest) -> HttpResponse:
    return render(request, "leads/strategy_call.html", {"source_page": request.GET.get("from", "")[:300]})
