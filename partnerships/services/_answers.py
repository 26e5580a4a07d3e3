"""How answers to the guidance's reflective questions are kept, whoever records them."""


def answered(answers: dict[str, str]) -> dict[str, str]:
    """Answers to reflective questions as they are kept: by question number, blanks left out."""
    return {number: text.strip() for number, text in answers.items() if text.strip()}
