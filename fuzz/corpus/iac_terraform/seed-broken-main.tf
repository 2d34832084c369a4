resource "aws_vpclattice_auth_policy" "first" {
  resource_identifier = "svc-0123456789abcdef0"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "vpc-lattice-svcs:Invoke", Resource = "*" }]
  })
}

resource "aws_vpclattice_auth_policy" "broken" {
  resource_identifier = "svc-0fedcba9876543210"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Deny" Principal = "*" }]
  })
}

resource "aws_vpclattice_auth_policy" "last" {
  resource_identifier = "svc-00000000000000001"
  policy              = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"vpc-lattice-svcs:Invoke\", \"Resource\": \"*\",}]}"
}
