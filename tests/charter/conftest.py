"""The charter tests' cast: two member companies, each with its owner."""

import pytest

from tests.charter.factories_charter import CompanyFactory, owner_of


@pytest.fixture
def member(db):
    return CompanyFactory(legal_name="Scierie des Rousses SAS")


@pytest.fixture
def member_owner(member):
    return owner_of(member)


@pytest.fixture
def other_member(db):
    return CompanyFactory(legal_name="Distillerie de Poligny SARL")
