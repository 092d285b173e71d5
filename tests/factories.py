"""factory_boy factories for the people and organizations of the domain."""

import factory

from accounts.models import Member, Organization, OrgKind, RoleAssignment, Unit, User


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"市测试局{n}")


def make_root(name: str = "中共清镇市直属机关工作委员会") -> Organization:
    existing = Organization.objects.get_root_nodes().filter(name=name).first()
    return existing or Organization.objects.add_root(
        create_kwargs={"name": name, "short_name": "市直机关工委", "kind": OrgKind.COMMITTEE}
    )


def make_org(parent: Organization, name: str, kind: str = OrgKind.BRANCH, **fields) -> Organization:
    return Organization.objects.add_child(parent, create_kwargs={"name": name, "kind": kind, **fields})


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"党员{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A login; `role=` (and `organization=` for org-scoped roles) gives it one role assignment."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-12345")

    @classmethod
    def _create(cls, model_class, *args, role=None, organization=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if role is not None:
            RoleAssignment.objects.get_or_create(user=user, role=role, organization=organization)
        return user


def grant(user: User, role: str, organization: Organization | None = None) -> User:
    """Give an existing test user another role (a fresh object, so no cached roles linger)."""
    RoleAssignment.objects.get_or_create(user=user, role=role, organization=organization)
    return User.objects.get(pk=user.pk)
