# The orders service's policy, as the AWS provider renders it: callers of
# the deploying account may read orders, and the checkout role may create
# them. The health check is open to every caller, signed or not.

data "aws_iam_policy_document" "orders" {
  statement {
    sid       = "ReadOrders"
    effect    = "Allow"
    actions   = ["vpc-lattice-svcs:Invoke"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account_id}:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "vpc-lattice-svcs:RequestMethod"
      values   = ["GET"]
    }
  }

  statement {
    sid       = "CheckoutCreatesOrders"
    effect    = "Allow"
    actions   = ["vpc-lattice-svcs:Invoke"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account_id}:role/checkout"]
    }

    condition {
      test     = "StringEquals"
      variable = "vpc-lattice-svcs:RequestMethod"
      values   = ["POST"]
    }

    condition {
      test     = "StringLike"
      variable = "vpc-lattice-svcs:RequestPath"
      values   = ["/orders"]
    }
  }

  statement {
    sid       = "HealthCheck"
    effect    = "Allow"
    actions   = ["vpc-lattice-svcs:Invoke"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "vpc-lattice-svcs:RequestPath"
      values   = ["/health"]
    }
  }
}
