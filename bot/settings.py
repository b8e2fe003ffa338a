"""Settings from the environment and `.env`; a bad one stops start-up with one clear sentence."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(SystemExit):
    """Raised with one sentence naming the setting; exits the CLI with status 2."""

    def __init__(self, message: str) -> None:
        super().__init__(2)
        self.message = message


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = ""
    log_level: str = Field("INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    default_timezone: str = "Asia/Ho_Chi_Minh"
    quiz_pass_ratio: float = Field(2 / 3, gt=0, le=1)
    weekly_goal_days: int = Field(3, ge=1, le=7)
    review_batch: int = Field(5, ge=1, le=20)
    data_controller: str = Field("đơn vị vận hành Học Vụ Số tại địa phương", min_length=3)

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if value and not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _real_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("is not an IANA time zone such as Asia/Ho_Chi_Minh") from error
        return value

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'hocvuso.db'}"


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "?"
        raise SettingsError(f"Setting {name} is invalid: {first['msg']} (got {first.get('input')!r}).") from None
