from django.shortcuts import render


def events(request, network: str):
    return render(request, "audit/events.html", {})
