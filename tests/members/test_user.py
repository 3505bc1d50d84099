from tests.factories.members import UserFactory


def test_a_person_reads_as_name_and_address_or_the_address_alone(db):
    assert UserFactory(first_name="Léa", last_name="Bourgeois", email="lea@exemple.fr").name_and_email == (
        "Léa Bourgeois <lea@exemple.fr>"
    )
    assert (
        UserFactory(first_name="", last_name="", email="anonyme@exemple.fr").name_and_email
        == "anonyme@exemple.fr"
    )
