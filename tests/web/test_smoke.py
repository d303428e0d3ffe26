def test_home_page_renders_in_vietnamese(web):
    response = web.get("/")
    assert response.status_code == 200
    assert "Đăng ký tham gia" in response.get_data(as_text=True)
