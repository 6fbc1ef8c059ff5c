app_name = "front"
urlpatterns = []
