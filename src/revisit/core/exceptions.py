"""The one domain error type: a translatable message with a stable code."""


class DomainError(Exception):
    def __init__(self, message, *, code: str, params: dict | None = None):
        self.message = message
        self.code = code
        self.params = params or {}
        super().__init__(str(message) % self.params if self.params else str(message))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)
