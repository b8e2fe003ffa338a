"""Settings from the environment and `.env`; a bad one stops start-up with one clear sentence."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
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
    # PostgreSQL connections one process keeps (as many again may open in a burst), and how
    # long a request waits for a free one before a webhook answers 503 (docs/deploy.md).
    database_pool_size: int = Field(10, ge=1, le=500)
    database_pool_timeout: float = Field(2.0, gt=0, le=60)
    log_level: str = Field("INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    # text: a line per event for a terminal; json: one JSON object per line for a log shipper.
    log_format: str = Field("text", pattern=r"^(text|json)$")
    default_timezone: str = "Asia/Ho_Chi_Minh"
    quiz_pass_ratio: float = Field(2 / 3, gt=0, le=1)
    weekly_goal_days: int = Field(3, ge=1, le=7)
    review_batch: int = Field(5, ge=1, le=20)
    data_controller: str = Field("đơn vị vận hành Học Vụ Số tại địa phương", min_length=3)
    # Days the text of a question the tutor could not answer is kept (with consent); then only a count.
    unanswered_keep_days: int = Field(90, ge=1, le=365)

    # Telegram (aiogram). Polling when only the token is set; webhook when the URL is set too.
    telegram_bot_token: SecretStr | None = None
    # The bot's @username for t.me invite links; empty = asked from Telegram (getMe) at start.
    telegram_bot_username: str = Field("", pattern=r"^[A-Za-z0-9_]{0,64}$")
    telegram_webhook_url: str = ""
    telegram_webhook_secret: SecretStr | None = None
    telegram_api_base: str = "https://api.telegram.org"
    telegram_rate_per_second: float = Field(30, gt=0)
    telegram_rate_per_chat: float = Field(1, gt=0)
    # More bots in one deployment (docs/deploy.md), comma-separated; each keeps its learners,
    # its sender and its limits. TELEGRAM_BOT_TOKEN alone keeps working as before.
    telegram_bot_tokens: SecretStr | None = None

    # Zalo Bot Platform. Polling when only the token is set; webhook when the URL is set too.
    zalo_bot_token: SecretStr | None = None
    zalo_webhook_url: str = ""
    zalo_webhook_secret: SecretStr | None = None
    zalo_api_base: str = "https://bot-api.zaloplatforms.com"
    zalo_rate_per_second: float = Field(10, gt=0)
    zalo_rate_per_chat: float = Field(1, gt=0)
    zalo_bot_tokens: SecretStr | None = None

    # The web server for webhooks, /healthz and /metrics (behind a TLS reverse proxy).
    web_host: str = "127.0.0.1"
    web_port: int = Field(8080, ge=1, le=65535)
    # The public HTTPS address of that web server; Zalo fetches certificate images from it.
    public_base_url: str = ""
    # The dashboard at PUBLIC_BASE_URL/dashboard (docs/dashboard.md), and how long a sign-in lasts.
    dashboard_enabled: bool = True
    dashboard_session_hours: float = Field(8, gt=0, le=168)
    # How often the scheduler counts the dashboard's figures again for every process to read
    # (bot/dashboard/snapshots.py); 0: nothing is kept and every page counts.
    dashboard_refresh_seconds: float = Field(300, ge=0, le=86400)

    # Admins at start-up, as CHANNEL:ID (e.g. telegram:123456,zalo:abc). Checked in the database.
    admin_ids: str = ""
    quiet_hours_start: str = Field("21:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    quiet_hours_end: str = Field("07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    reminder_tick_seconds: int = Field(60, ge=5)
    max_pushes_per_day: int = Field(2, ge=0)
    # A learner silent this many days in a lesson they started is offered a person's help, once.
    help_silent_days: int = Field(3, ge=1, le=60)
    # Local times of the daily offer to silent learners and of the ambassadors' family news.
    help_offer_at: str = Field("09:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    family_news_at: str = Field("18:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # How long a message is retried while the platform keeps failing, from its first failure.
    outbox_retry_window_seconds: float = Field(900, ge=60)

    @field_validator("telegram_webhook_url", "zalo_webhook_url", "public_base_url")
    @classmethod
    def _https_webhook(cls, value: str) -> str:
        if value and not value.startswith("https://"):
            raise ValueError("must be an https:// address (the platforms only call HTTPS webhooks)")
        return value

    @field_validator("admin_ids")
    @classmethod
    def _admin_pairs(cls, value: str) -> str:
        for item in filter(None, (part.strip() for part in value.split(","))):
            if ":" not in item:
                raise ValueError("must be a comma-separated list of CHANNEL:ID")
        return value

    @property
    def admin_keys(self) -> list[tuple[str, str]]:
        pairs = (item.strip().split(":", 1) for item in self.admin_ids.split(",") if item.strip())
        return [(channel, ident) for channel, ident in pairs]

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
        shown = "" if any(word in name for word in ("TOKEN", "SECRET", "URL")) else f" (got {first.get('input')!r})"
        raise SettingsError(f"Setting {name} is invalid: {first['msg']}{shown}.") from None
