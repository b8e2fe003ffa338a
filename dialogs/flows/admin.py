"""Admin broadcasts: /thongbao, /thongbao_trangthai (issue 6)."""
