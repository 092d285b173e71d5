app_name = "ledger_imports"
urlpatterns: list = []
