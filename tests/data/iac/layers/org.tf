# Two versions of one service's policy, the organization a variable.

resource "aws_vpclattice_auth_policy" "get_only" {
  resource_identifier = "svc-0123456789abcdef0"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "vpc-lattice-svcs:Invoke"
      Resource  = "*"
      Condition = {
        StringEquals = {
          "aws:PrincipalOrgID"             = var.org_id
          "vpc-lattice-svcs:RequestMethod" = "GET"
        }
      }
    }]
  })
}

resource "aws_vpclattice_auth_policy" "any_method" {
  resource_identifier = "svc-0123456789abcdef0"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "vpc-lattice-svcs:Invoke"
      Resource  = "*"
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = var.org_id }
      }
    }]
  })
}
