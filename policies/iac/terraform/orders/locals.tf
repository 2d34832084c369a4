locals {
  organization_id = "o-a1b2c3d4e5"
}
