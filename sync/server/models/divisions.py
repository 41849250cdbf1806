"""Administrative divisions: a county, its townships and its villages (statistical codes)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class County(Base):
    __tablename__ = "county"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # Raw X25519 public key for data-key recovery; the private half is never stored here.
    recovery_public_key: Mapped[bytes | None] = mapped_column(LargeBinary(32), default=None)


class Township(Base):
    __tablename__ = "township"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))


class Village(Base):
    __tablename__ = "village"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    township_code: Mapped[str] = mapped_column(ForeignKey("township.code"), index=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))
