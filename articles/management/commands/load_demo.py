from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import demo_content as demo
from articles.models import FAQ, Article, Author, AuthorLink, Hub, Pillar, Status, Takeaway
from references.api import find_or_create_citation


class Command(BaseCommand):
    help = "Load the demo pillars, hubs, articles, FAQs and author. Safe to run again: it updates in place."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        now = timezone.now()
        for work in demo.CITATIONS:  # cited works must exist before the texts that cite them
            find_or_create_citation(work)
        author = self._author(demo.AUTHOR)
        reviewer = self._author(demo.REVIEWER)
        pillars = {}
        for data in demo.PILLARS:
            pillar, _ = Pillar.objects.update_or_create(
                slug=data["slug"],
                defaults={key: data[key] for key in ("number", "name", "summary", "intro")},
            )
            pillars[pillar.slug] = pillar
        hubs = {}
        for data in demo.HUBS:
            hub = Hub.objects.filter(slug=data["slug"]).first() or Hub(slug=data["slug"])
            hub.pillar = pillars[data["pillar"]]
            hub.author = author
            for key in ("position", "title", "summary", "intro"):
                setattr(hub, key, data[key])
            for key in ("name", "closing_text", "cta_heading", "cta_text", "cta_button"):
                setattr(hub, key, data.get(key, ""))
            hub.status = Status.PUBLISHED
            hub.published_at = hub.published_at or now - timedelta(days=30)
            hub.save()
            self._faqs(data["faqs"], hub=hub)
            hubs[hub.slug] = hub
        for data in demo.ARTICLES:
            article = Article.objects.filter(slug=data["slug"]).first() or Article(slug=data["slug"])
            article.hub = hubs.get(data["hub"]) if data["hub"] else None
            article.author = author
            for key in ("position", "title", "subtitle", "summary", "body"):
                setattr(article, key, data[key])
            article.closing_summary = data.get("closing_summary", "")
            review_age = demo.REVIEWED_ARTICLES.get(article.slug)
            article.reviewed_by = reviewer if review_age is not None else None
            article.reviewed_at = (
                (now - timedelta(days=review_age)).date() if review_age is not None else None
            )
            article.status = data.get("status", Status.PUBLISHED)
            if "days_ahead" in data:
                article.published_at = now + timedelta(days=data["days_ahead"])
            elif article.status == Status.PUBLISHED:
                article.published_at = now - timedelta(days=data["days_ago"])
            else:
                article.published_at = None
            article.save()
            article.takeaways.all().delete()
            Takeaway.objects.bulk_create(
                Takeaway(article=article, text=text, position=index)
                for index, text in enumerate(data["takeaways"])
            )
            self._faqs(data["faqs"], article=article)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {Pillar.objects.count()} pillars, {Hub.objects.count()} hubs, "
                f"{Article.objects.count()} articles ({Article.objects.published().count()} published)."
            )
        )

    def _author(self, data: dict) -> Author:
        author = Author.objects.filter(slug=data["slug"]).first() or Author(slug=data["slug"])
        for key in ("name", "credentials", "job_title", "institutions", "short_bio", "bio"):
            setattr(author, key, data[key])
        author.save()
        author.links.all().delete()
        AuthorLink.objects.bulk_create(
            AuthorLink(author=author, label=label, url=url, position=index)
            for index, (label, url) in enumerate(data["links"])
        )
        return author

    def _faqs(self, pairs, **parent) -> None:
        FAQ.objects.filter(**parent).delete()
        for position, (question, answer) in enumerate(pairs):
            FAQ(question=question, answer=answer, position=position, **parent).save()
