from django.shortcuts import render


def tokens(request, network: str):
    return render(request, "api/tokens.html", {})
