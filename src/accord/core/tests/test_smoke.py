def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_member_sees_their_network_home(member_client, member):
    response = member_client.get("/n/rheinstadt/")
    assert response.status_code == 200
    assert "Netzwerk Rheinstadt" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_outsider_gets_404_for_another_network(outsider_client, member):
    assert outsider_client.get("/n/rheinstadt/").status_code == 404


def test_anonymous_is_sent_to_sign_in(client, member):
    response = client.get("/n/rheinstadt/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
