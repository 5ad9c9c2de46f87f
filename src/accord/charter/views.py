from django.shortcuts import render


def overview(request, network: str):
    return render(request, "charter/overview.html", {})
