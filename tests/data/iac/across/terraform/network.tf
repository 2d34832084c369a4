# The shared service network and its auth policy: signed callers only.
resource "aws_vpclattice_service_network" "shared" {
  name      = "shared"
  auth_type = "AWS_IAM"
}

resource "aws_vpclattice_auth_policy" "shared" {
  resource_identifier = aws_vpclattice_service_network.shared.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "vpc-lattice-svcs:Invoke"
      Resource  = "*"
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
      }
    }]
  })
}
