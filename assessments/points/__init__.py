"""党员积分 (Tongliao 三位一体): record sources, portal pages, REST and the Celery job of member points."""
