"""The collaboration-health survey: one answer per organisation, the anonymity threshold, and answer secrecy
(no column, id, order, query or page links an answer to the organisation that gave it)."""
from datetime import datetime

import pytest
from sqlalchemy import inspect, select

from pactplatform.collaboration import operations, queries
from pactplatform.collaboration.elements import ELEMENTS
from pactplatform.collaboration.models import SurveyAnswerSet, SurveyParticipation
from pactplatform.errors import Conflict, Forbidden, OperationError
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.tenancy.scoping import tenant_scope
from tests.collaboration.conftest import SCORES
from tests.conftest import login


def _answer(world, survey_round, index, scores=SCORES):
    firm, person = world["members"][index]
    operations.answer_round(world["action"], survey_round, person, firm.id, scores)


def test_results_are_shown_from_five_answers_on_and_name_the_weakest_element(coalition, english_messages):
    with tenant_scope(coalition["tenant"].id):
        survey_round = operations.open_round(coalition["action"], coalition["coordinator"])
        for index in range(4):
            _answer(coalition, survey_round, index)
        below = queries.results(survey_round)
        assert (below.count, below.shown, below.elements, below.weakest) == (4, False, {}, None)
        assert queries.weakest_element(coalition["action"]) is None
        _answer(coalition, survey_round, 4, {**SCORES, "resources": 1})
        shown = queries.results(survey_round)
    assert shown.count == 5 and shown.shown
    assert str(shown.elements["resources"]) == "1.80" and str(shown.elements["internal_legitimacy"]) == "5.00"
    # Principled engagement: (4 + 4 + 3 + 4) × 5 answers / 20.
    assert str(shown.parts["principled_engagement"]) == "3.75"
    assert shown.weakest == "resources"


def test_each_organisation_answers_a_round_once(pair, english_messages):
    with tenant_scope(pair["tenant"].id):
        survey_round = operations.open_round(pair["action"], pair["coordinator"])
        _answer(pair, survey_round, 0)
        with pytest.raises(Conflict, match="already answered"):
            _answer(pair, survey_round, 0)
        assert queries.answered_organisation_ids(survey_round) == {pair["members"][0][0].id}
        assert queries.results(survey_round).count == 1


def test_only_a_member_answers_for_its_own_organisation_with_scores_1_to_5(pair, bureau, english_messages):
    firm_a, signer_a = pair["members"][0]
    with tenant_scope(pair["tenant"].id):
        survey_round = operations.open_round(pair["action"], pair["coordinator"])
        with pytest.raises(Forbidden):
            operations.answer_round(pair["action"], survey_round, bureau["signer_pb"], firm_a.id, SCORES)
        with pytest.raises(OperationError) as refused:
            operations.answer_round(pair["action"], survey_round, signer_a, pair["members"][1][0].id,
                                    {**SCORES, "leadership": 6, "knowledge": None})
        assert {field for field, _message in refused.value.field_errors} == {"organisation_id", "leadership",
                                                                            "knowledge"}
        operations.close_round(pair["action"], survey_round, pair["coordinator"])
        with pytest.raises(Conflict, match="closed"):
            _answer(pair, survey_round, 0)
    db.session.rollback()
    assert db.session.scalar(select(SurveyAnswerSet.id).execution_options(all_tenants=True)) is None


def test_the_answer_table_holds_nothing_that_links_to_an_organisation_a_user_or_a_time(app):
    columns = {c.name for c in SurveyAnswerSet.__table__.columns}
    assert columns == {"id", "tenant_id", "round_id", *ELEMENTS}
    assert {fk.column.table.name for fk in SurveyAnswerSet.__table__.foreign_keys} == {"tenants", "survey_rounds"}
    participation = {c.name for c in SurveyParticipation.__table__.columns}
    assert participation == {"id", "tenant_id", "round_id", "organisation_id"}
    assert not any(isinstance(c.type.python_type, type) and c.type.python_type is datetime
                   for c in SurveyParticipation.__table__.columns)
    # The answer's key is random text, not a sequence that would follow the participation's.
    assert not inspect(SurveyAnswerSet).primary_key[0].autoincrement is True


def test_answer_ids_do_not_follow_the_order_of_answering(bureau, english_messages):
    from tests.collaboration.conftest import initiative

    world = initiative(bureau, member_count=8)
    with tenant_scope(world["tenant"].id):
        survey_round = operations.open_round(world["action"], world["coordinator"])
        # Each organisation answers with its own index as every score, so the answers say who gave them.
        order = [0, 3, 1, 7, 2, 5, 4, 6]
        for index in order:
            _answer(world, survey_round, index, {e: index % 5 + 1 for e in ELEMENTS})
    db.session.commit()
    stored = db.session.scalars(select(SurveyAnswerSet).order_by(SurveyAnswerSet.id)
                                .execution_options(all_tenants=True)).all()
    ids = [s.id for s in stored]
    assert len(set(ids)) == 8 and all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    by_id = [s.discovery for s in stored]
    answered = [index % 5 + 1 for index in order]
    # The chance that 8 random keys sort in the answering order is 1 in 40320 (both lists could only match so).
    assert by_id != answered
    # And the transparency log knows nothing of the survey.
    subjects = set(db.session.scalars(select(LedgerEntry.subject_type)))
    assert not subjects & {"survey_answer_set", "survey_participation", "survey_round"}


def test_no_page_shows_who_answered_what(coalition, client):
    with tenant_scope(coalition["tenant"].id):
        survey_round = operations.open_round(coalition["action"], coalition["coordinator"])
        for index in range(5):
            _answer(coalition, survey_round, index, {e: index + 1 for e in ELEMENTS})
    db.session.commit()
    action_id = coalition["action"].id
    login(client, coalition["members"][0][1].email)
    page = client.get(f"/t/biro/actions/{action_id}/collaboration/survey").get_data(as_text=True)
    assert "3.00" in page and "5 jawaban" in page
    for firm, _person in coalition["members"]:
        assert firm.name not in page  # not even "answered": the members' names are not on the results page
    # The coordinator (an officer) sees the same aggregates and nothing more.
    client.get("/logout")
    login(client, coalition["coordinator"].email)
    page = client.get(f"/t/biro/actions/{action_id}/collaboration/survey").get_data(as_text=True)
    assert all(firm.name not in page for firm, _person in coalition["members"])
    assert client.get(f"/t/biro/actions/{action_id}/collaboration/survey/rounds/{survey_round.id}/answer"
                      ).status_code == 200


def test_below_the_threshold_a_page_shows_only_the_count(coalition, client):
    with tenant_scope(coalition["tenant"].id):
        survey_round = operations.open_round(coalition["action"], coalition["coordinator"])
        for index in range(4):
            _answer(coalition, survey_round, index, {e: 5 for e in ELEMENTS})
    db.session.commit()
    login(client, coalition["members"][4][1].email)
    page = client.get(f"/t/biro/actions/{coalition['action'].id}/collaboration/survey").get_data(as_text=True)
    assert "5.00" not in page and "4 jawaban" in page


def test_a_tenant_words_the_statements_anew_for_later_rounds(pair, english_messages):
    from pactplatform.collaboration import statements

    shipped = statements.shipped()
    assert set(shipped) == set(ELEMENTS) and all(set(v) == {"id", "en"} for v in shipped.values())
    with tenant_scope(pair["tenant"].id):
        first = operations.open_round(pair["action"], pair["coordinator"])
        operations.close_round(pair["action"], first, pair["coordinator"])
        texts = {e: dict(shipped[e]) for e in ELEMENTS}
        texts["leadership"]["id"] = "Koordinator kami memimpin dengan baik."
        version = operations.save_statements(pair["tenant"], pair["coordinator"], texts)
        second = operations.open_round(pair["action"], pair["coordinator"])
        with pytest.raises(OperationError, match="unchanged"):
            operations.save_statements(pair["tenant"], pair["coordinator"], texts)
        with pytest.raises(Forbidden):
            operations.save_statements(pair["tenant"], pair["members"][0][1], texts)
    assert version.number == 1
    assert first.statements["leadership"]["id"] == shipped["leadership"]["id"]
    assert second.statements["leadership"]["id"] == "Koordinator kami memimpin dengan baik."
