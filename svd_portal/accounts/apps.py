from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "svd_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"
