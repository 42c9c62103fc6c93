"""A signer's key pair: the certificate in clear, the private key only under their passphrase."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, SmallInteger, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..timeutil import utcnow


class SigningKey(db.Model):
    """Global, like users: one key per person, whichever tenant they sign in."""

    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    certificate_pem: Mapped[str] = mapped_column(Text)
    # PKCS#8 DER of the private key, AES-256-GCM encrypted under scrypt(passphrase, kdf_salt).
    encrypted_private_key: Mapped[bytes] = mapped_column(LargeBinary)
    kdf_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    aes_nonce: Mapped[bytes] = mapped_column(LargeBinary(12))
    # Kept per row so the configured cost can rise later without locking out existing keys.
    scrypt_n: Mapped[int] = mapped_column(Integer)
    scrypt_r: Mapped[int] = mapped_column(SmallInteger)
    scrypt_p: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<SigningKey user={self.user_id}>"
