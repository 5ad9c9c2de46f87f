from django.shortcuts import render


def meeting_list(request, network: str):
    return render(request, "meetings/list.html", {})
