import pytest

from vivier.matching import retrieval


@pytest.fixture(autouse=True)
def _fresh_corpus_stats():
    """Document frequencies are cached per process; each test has its own database."""
    retrieval.clear_stats()
    yield
    retrieval.clear_stats()


@pytest.fixture
def declined(make):
    """A candidate who declined an offer for `codes` on a job of `client`, with the offer's terms."""

    def build(candidate, *, codes=("salary",), client=None, job_kw=None, offer_kw=None, **decline_kw):
        old_job = make.job(client=client, **(job_kw or {}))
        application = make.application(candidate=candidate, job=old_job)
        offer = make.offer(application=application, **(offer_kw or {}))
        return make.decline(offer=offer, codes=codes, **decline_kw)

    return build
