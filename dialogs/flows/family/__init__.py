"""Digital Ambassadors ("Đại sứ số"), digital families ("Gia đình số") and admin statistics.

Pure like every flow: what storage knows arrives in ctx.data as the views in `data`, filled by
bot/families.py only for people whose database role allows it. The screens offer only what the
gathered data holds (so a forged button is a stale one), and every privileged event is checked
again against the database by the effect that applies it. One module per feature.
"""
