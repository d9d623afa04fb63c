environment = "prod"
# A laptop's "temporary" rule that became permanent.
admin_cidrs = ["10.20.0.0/16", "0.0.0.0/0"]
