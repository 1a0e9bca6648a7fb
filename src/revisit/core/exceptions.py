"""The one domain error type: a translatable message with a stable code."""


class DomainError(Exception):
    def __init__(self, message, *, code: str, params: dict | None = None):
        self.message = message
        self.code = code
        self.params = params or {}
        super().__init__(str(message) % self.params if self.params else str(message))

    def __reduce__(self):
        # Exception pickles its args, which lack the keyword-only code; the
        # import's worker process sends these errors to the importing one.
        return (
            _rebuild_domain_error,
            (self.__class__, self.message, self.code, self.params),
        )

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


def _rebuild_domain_error(cls, message, code: str, params: dict) -> DomainError:
    error = cls.__new__(cls)
    DomainError.__init__(error, message, code=code, params=params)
    return error
